export const id = 973;
export const ids = [973];
export const modules = {

/***/ 22973:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ shortName),
/* harmony export */   loadConfig: () => (/* binding */ loadConfig),
/* harmony export */   sourceConfig: () => (/* binding */ sourceConfig),
/* harmony export */   sourceKpis: () => (/* binding */ sourceKpis)
/* harmony export */ });
/* unused harmony exports configJsonSchema, parseConfigText */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38816);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42969);






/** Config files larger than this are refused before parsing. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The short name of a KPI inside its source block: `databricks.cluster_startup` → `cluster_startup`. */
function shortName(kpiId) {
    return kpiId.slice(kpiId.indexOf('.') + 1);
}
function kpiEntrySchema(kpi) {
    const params = kpi.params;
    const entry = params.extend({
        enabled: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY()
            .optional()
            .describe('Collect this KPI when the run does not name KPIs (default true).'),
    });
    return zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().describe('true or false: enable or disable this KPI.'), entry])
        .describe(kpi.definition);
}
function sourceSchema(source) {
    if (source.kpis.length === 0)
        return source.settings;
    const kpis = zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej(Object.fromEntries(source.kpis.map((k) => [shortName(k.id), kpiEntrySchema(k)])))
        .partial()
        .describe(`Per-KPI switches and params of ${source.name}.`);
    return source.settings.extend({ kpis: kpis.optional() });
}
/** The one schema of the config file, built from the registered sources and KPIs. */
function configSchema(sources) {
    const shape = Object.fromEntries(sources.map((s) => [s.name, sourceSchema(s).describe(s.description)]));
    return zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej({
        sources: zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej(shape)
            .partial()
            .optional()
            .describe('Settings per source, keyed by source name.'),
    })
        .describe('kpi-collector configuration');
}
/** The JSON Schema published for editor completion (schema/kpis.schema.json). */
function configJsonSchema(sources) {
    return {
        ...z.toJSONSchema(configSchema(sources), { io: 'input', unrepresentable: 'any' }),
        title: 'kpi-collector config (.github/kpis.yml)',
    };
}
/**
 * Formats a zod issue as `path: message`, descending into unions to the branch that matched furthest. An
 * unknown key comes first (a misspelt key also leaves a required one missing: the spelling is the cause),
 * with the closest known key at that place.
 */
function describeIssues(issues, root, prefix = []) {
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    if (!issue)
        return 'invalid';
    const at = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
        return describeIssues(best, root, at);
    }
    const where = at.length ? at.map(String).join('.') : '(top level)';
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'unrecognized_keys') {
        const known = keysAt(root, at);
        const hint = issue.keys.length === 1 ? (0,_suggest_js__WEBPACK_IMPORTED_MODULE_4__/* .didYouMean */ .a)(issue.keys[0], known) : '';
        message = `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}${hint}`;
    }
    return `${where}: ${message}`;
}
function depth(issues) {
    return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === 0 ? 0 : 1)));
}
/** The keys an object schema accepts at a path (through optional, default, arrays, records and unions). */
function keysAt(schema, at) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let s = schema;
    const unwrap = () => {
        for (;;) {
            const t = s?.def?.type;
            if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault')
                s = s.def.innerType;
            else if (t === 'pipe')
                s = s.def.in;
            else
                return;
        }
    };
    for (const seg of at) {
        unwrap();
        const t = s?.def?.type;
        if (t === 'object')
            s = s.shape[String(seg)];
        else if (t === 'array')
            s = s.def.element;
        else if (t === 'record')
            s = s.def.valueType;
        else if (t === 'union') {
            s = s.def.options
                .map((o) => o)
                .find((o) => o.def?.type === 'object' && o.shape && String(seg) in o.shape)?.shape[String(seg)];
        }
        else
            return [];
    }
    unwrap();
    if (s?.def?.type === 'object')
        return Object.keys(s.shape);
    if (s?.def?.type === 'union') {
        return s.def.options.flatMap((o) => o.def?.type === 'object' && o.shape ? Object.keys(o.shape) : []);
    }
    return [];
}
/**
 * Loads the config: an explicit path must exist; otherwise the default file is used if present, else the
 * built-in defaults. Validates against the schema; errors name the file and the path inside it.
 */
async function loadConfig(explicitPath, defaultPath, sources) {
    let file = explicitPath;
    if (!file) {
        const exists = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises
            .stat(defaultPath)
            .then((s) => s.isFile())
            .catch(() => false);
        if (!exists)
            return { raw: {} };
        file = defaultPath;
    }
    const shown = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(process.cwd(), file) || file;
    let text;
    try {
        const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(file);
        if (!stat.isFile())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is not a file; pass the path of a YAML file`);
        if (stat.size > MAX_CONFIG_BYTES) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is ${stat.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit; trim it`);
        }
        text = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(file, 'utf8');
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo)
            throw e;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} does not exist or cannot be read; fix the path or remove the input`);
    }
    return { file, raw: parseConfigText(text, shown, sources) };
}
function parseConfigText(text, shown, sources) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text, { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
        const err = doc.errors[0];
        const line = err.linePos?.[0]?.line;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown}${line ? ` line ${line}` : ''} is not valid YAML: ${err.message.split('\n')[0]}`);
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 50 });
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is refused: ${e.message.split('\n')[0]}`);
    }
    if (data === null || data === undefined)
        data = {};
    const schema = configSchema(sources);
    const result = schema.safeParse(data);
    if (!result.success) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown}: ${describeIssues(result.error.issues, schema)}; see schema/kpis.schema.json`);
    }
    return result.data;
}
/** The config of one source, with settings defaults applied. */
function sourceConfig(config, source) {
    const block = (config.raw.sources?.[source.name] ?? {});
    // A source without built-in KPIs (the SQL sources) keeps its `kpis` list in its own settings.
    if (source.kpis.length === 0)
        return { settings: source.settings.parse(block), kpis: {} };
    const { kpis: kpiBlock, ...rest } = block;
    const settings = source.settings.parse(rest);
    const kpis = {};
    for (const [name, entry] of Object.entries((kpiBlock ?? {}))) {
        if (typeof entry === 'boolean')
            kpis[name] = { enabled: entry, params: {} };
        else {
            const { enabled, ...params } = entry;
            kpis[name] = { enabled: enabled !== false, params };
        }
    }
    return { settings, kpis };
}
/**
 * A source's KPIs: built-in, then those its config defines. A config KPI may not take a built-in's id
 * (it would never run: the built-in would).
 */
function sourceKpis(source, settings) {
    const configured = source.configKpis?.(settings) ?? [];
    for (const k of configured) {
        if (source.kpis.some((b) => b.id === k.id)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: sources.${source.name}: '${shortName(k.id)}' is the id of a built-in KPI (${k.id}); give your KPI another id`);
        }
    }
    return [...source.kpis, ...configured];
}


/***/ })

};
