export const id = 235;
export const ids = [235];
export const modules = {

/***/ 93235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cli: () => (/* binding */ cli)
});

// UNUSED EXPORTS: helpText

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/action-spec.ts
var action_spec = __webpack_require__(93969);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/suggest.ts
var suggest = __webpack_require__(42969);
;// CONCATENATED MODULE: ./src/cli-args.ts



/**
 * parseArgs with messages for people: an unknown flag names itself with the closest known one, and no
 * Node error code (ERR_PARSE_ARGS_…) or "To specify a positional argument…" advice is shown.
 */
function parseFlags(command, args, options) {
    try {
        return (0,external_node_util_.parseArgs)({ args, options, strict: true, allowPositionals: false }).values;
    }
    catch (e) {
        const message = (0,errors/* errorMessage */.gJ)(e)
            .replace(/\s*\(ERR_PARSE_ARGS_[A-Z_]+\)/, '')
            .replace(/\.? To specify .*$/, '');
        const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
        if (unknown) {
            const flags = Object.keys(options).map((n) => `--${n}`);
            throw new errors/* UserError */.yo(`${command}: unknown option '${unknown}'${(0,suggest/* didYouMean */.a)(unknown, flags)}; see kpi-collector ${command} --help`);
        }
        throw new errors/* UserError */.yo(`${command}: ${message}; see kpi-collector ${command} --help`);
    }
}

// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/sources/index.ts + 52 modules
var src_sources = __webpack_require__(58459);
;// CONCATENATED MODULE: ./src/version.ts
/** The package version (a test keeps it equal to package.json's). */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/cli.ts








// Each command loads its own modules when it runs, so `--help` and `--version` start fast (bench/startup.ts).

const COMMANDS = ['collect', 'report', 'catalog'];
/** Wraps a description to the help's width, indented under its flag. */
function wrap(text, indent, width = 100) {
    const words = text.split(/\s+/);
    const lines = [];
    let line = '';
    for (const w of words) {
        if (line && indent + line.length + 1 + w.length > width) {
            lines.push(line);
            line = w;
        }
        else
            line = line ? `${line} ${w}` : w;
    }
    if (line)
        lines.push(line);
    return lines.join(`\n${' '.repeat(indent)}`);
}
/** The CLI's help, from the same declarations as action.yml: the shared inputs and each source's own. */
function helpText(sources = src_sources/* SOURCES */.H) {
    const flags = (0,action_spec/* coreInputs */.lD)(sources)
        .map((i) => {
        const text = i.default === undefined ? i.description : `${i.description} Default: ${i.default}.`;
        return `  --${i.name.padEnd(14)} ${wrap(text, 19)}`;
    })
        .join('\n');
    const envs = sources
        .map((s) => {
        const vars = s.inputs.map((i) => `${i.env}${i.required ? '' : ' (optional)'}`).join(', ');
        return `  ${s.name.padEnd(12)} ${vars || '(none)'}`;
    })
        .join('\n');
    return `kpi-collector ${VERSION}: collect KPIs into long-format rows (date,source,variable,value)

Usage:
  kpi-collector collect --source <name> [--date YYYY-MM-DD | --start-date D --end-date D] [options]
  kpi-collector report --store <folder | s3://bucket/prefix> --from D --to D [--every day|week|month|all] [...]
  kpi-collector catalog [--list | --format markdown|json] [--config FILE]
  kpi-collector <command> --help
  kpi-collector --version

Options of collect (the action's inputs):
${flags}

Each source reads its connection inputs from environment variables, never from flags:
${envs}
AWS credentials come from the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...).
`;
}
/** Terminal progress: one line per step on stderr, so stdout keeps the summary. */
function terminalLogger(stderr = process.stderr) {
    const write = (prefix, m) => void stderr.write(`${prefix}${(0,redact/* redact */.E$)(m)}\n`);
    return {
        info: (m) => write('', m),
        warning: (m) => write('warning: ', m),
        error: (m) => write('error: ', m),
        group: async (name, fn) => {
            write('▸ ', name);
            return fn();
        },
    };
}
/** Runs the CLI and returns the exit code. */
async function cli(argv, io = { stdout: process.stdout, stderr: process.stderr, env: process.env }, deps = {}) {
    const sources = deps.sources ?? src_sources/* SOURCES */.H;
    for (const input of (0,action_spec/* sourceInputs */.ZU)(sources)) {
        const value = io.env[input.env];
        if (!input.secret || !value)
            continue;
        for (const part of [value, ...(input.secretParts?.(value) ?? [])])
            (0,redact/* registerSecret */.cl)(part);
    }
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        io.stdout.write(helpText(sources));
        return command ? 0 : 1;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
        io.stdout.write(`kpi-collector ${VERSION}\n`);
        return 0;
    }
    try {
        if (command === 'catalog')
            return await catalogCommand(rest, io, sources);
        if (command === 'report')
            return await (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(267), __webpack_require__.e(847)]).then(__webpack_require__.bind(__webpack_require__, 27847))).reportCommand(rest, io);
        if (command !== 'collect') {
            throw new errors/* UserError */.yo(`'${command}' is not a command${(0,suggest/* didYouMean */.a)(command, COMMANDS)}; use ${COMMANDS.join(', ')} (see --help)`);
        }
        return await collectCommand(rest, io, { ...deps, sources });
    }
    catch (e) {
        const message = e instanceof errors/* UserError */.yo ? e.message : (0,errors/* errorMessage */.gJ)(e);
        io.stderr.write(`kpi-collector: ${(0,redact/* redact */.E$)(message)}\n`);
        return 1;
    }
}
async function collectCommand(args, io, deps) {
    const values = parseFlags('collect', args, {
        ...Object.fromEntries((0,action_spec/* coreInputs */.lD)(deps.sources).map((i) => [
            i.name,
            i.name === inputs/* Inputs */.G0.DryRun ? { type: 'boolean' } : { type: 'string' },
        ])),
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stdout.write(helpText(deps.sources));
        return 0;
    }
    const envOf = new Map((0,action_spec/* sourceInputs */.ZU)(deps.sources).map((i) => [i.name, i.env]));
    const get = (name) => {
        const env = envOf.get(name);
        if (env)
            return io.env[env] ?? '';
        const v = values[name];
        return v === undefined ? '' : String(v);
    };
    const options = (0,inputs/* parseInputs */.TL)(get, { sources: deps.sources });
    // One at a time: jest's VM modules fail to link imports that run concurrently.
    const { collectAndStore } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(267), __webpack_require__.e(180)]).then(__webpack_require__.bind(__webpack_require__, 44180));
    const { onTermination, runFailure } = await __webpack_require__.e(/* import() */ 367).then(__webpack_require__.bind(__webpack_require__, 66367));
    const { renderSummary } = await __webpack_require__.e(/* import() */ 855).then(__webpack_require__.bind(__webpack_require__, 28855));
    const log = terminalLogger(io.stderr);
    const stop = deps.signal ? undefined : onTermination();
    const report = await collectAndStore(options, {
        log,
        env: io.env,
        signal: stop?.signal,
        ...deps,
    }).finally(() => stop?.dispose());
    io.stdout.write((0,redact/* redact */.E$)(renderSummary(report)) + '\n');
    if (report.dryRun) {
        for (const r of report.rows)
            io.stdout.write(`${r.date},${r.source},${r.variable},${r.value}\n`);
    }
    const failure = runFailure(report);
    if (failure)
        io.stderr.write(`kpi-collector: ${(0,redact/* redact */.E$)(failure)}\n`);
    return failure ? 1 : 0;
}
const CATALOG_HELP = `kpi-collector catalog: every KPI, its components, derived figures and params

Usage:
  kpi-collector catalog [--list | --format markdown|json] [--config FILE]

Options:
  --list     one line per KPI: id, unit and definition
  --format   markdown (default) or json
  --config   YAML config file, for the KPIs it defines (default: ${inputs/* DEFAULTS */.zY.configFile} when it exists)
`;
/** `catalog`: every built-in KPI and the KPIs a config defines, as Markdown, JSON or one line each. */
async function catalogCommand(args, io, sources) {
    const values = parseFlags('catalog', args, {
        format: { type: 'string', default: 'markdown' },
        config: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
        io.stdout.write(CATALOG_HELP);
        return 0;
    }
    const format = String(values.format);
    if (format !== 'markdown' && format !== 'json') {
        throw new errors/* UserError */.yo(`format: '${format}' is not a catalog format; use markdown or json`);
    }
    const { loadConfig, sourceConfig, sourceKpis } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(973)]).then(__webpack_require__.bind(__webpack_require__, 22973));
    const { buildCatalog, catalogList, catalogMarkdown } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(920)]).then(__webpack_require__.bind(__webpack_require__, 8920));
    const config = await loadConfig(typeof values.config === 'string' ? external_node_path_.resolve(values.config) : undefined, external_node_path_.resolve(inputs/* DEFAULTS */.zY.configFile), sources);
    const entries = buildCatalog(sources, (s) => sourceKpis(s, sourceConfig(config, s).settings).filter((k) => !s.kpis.includes(k)));
    let out;
    if (values.list)
        out = catalogList(entries);
    else if (format === 'json')
        out = JSON.stringify(entries, null, 2) + '\n';
    else
        out = catalogMarkdown(entries, sources);
    io.stdout.write(out);
    return 0;
}


/***/ })

};
