export const id = 367;
export const ids = [367];
export const modules = {

/***/ 66367:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ rowsWritten),
/* harmony export */   onTermination: () => (/* binding */ onTermination),
/* harmony export */   runFailure: () => (/* binding */ runFailure)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76670);


/** The first error no one caught (an exception in an event handler, a rejected promise no one awaited). */
let uncaught;
/** Why a finished run failed, or undefined when everything was collected and written. */
function runFailure(report) {
    const failed = report.failed.length;
    if (report.cancelled && uncaught) {
        const saved = report.savedDir ? `; collected rows saved under ${report.savedDir}` : '';
        return `stopped by an error no code caught (${uncaught}): ${failed} KPI(s) not collected, ${report.unwrittenDays.length} day(s) not written${saved}`;
    }
    if (report.cancelled) {
        return `cancelled: ${failed} KPI(s) not collected, ${report.unwrittenDays.length} day(s) not written; see the summary`;
    }
    if (report.writeErrors.length > 0) {
        const saved = report.savedDir ? `; rows saved under ${report.savedDir}` : '';
        return `storage failed for ${report.unwrittenDays.length} day(s): ${report.writeErrors[0]}${saved}`;
    }
    if (failed > 0 && failed === report.kpis.length) {
        return `every KPI failed (${report.failed.join(', ')}); nothing was written`;
    }
    if (failed > 0)
        return `${failed} KPI(s) failed: ${report.failed.join(', ')}; the others were written`;
    return undefined;
}
/** Rows that reached every store: those of the days written everywhere (0 for a dry run). */
function rowsWritten(report) {
    if (report.dryRun || report.writes.length === 0)
        return 0;
    const unwritten = new Set(report.unwrittenDays);
    return report.rows.filter((r) => !unwritten.has(r.date)).length;
}
/**
 * Turns SIGINT/SIGTERM (a cancelled job: the runner sends SIGINT, then SIGTERM about 7.5 s later) into an
 * abort: collection stops, nothing more is written, what was collected is saved and the summary says what
 * was not collected. A second signal, or 7 s without finishing, exits at once.
 *
 * An uncaught exception or an unhandled rejection (a library throwing in an event handler) is treated the
 * same way rather than killing the process with a stack trace (issue 14, item 2): the run stops, the rows
 * already collected are saved, and the failure names the error. A second one, or 7 s, exits with 1.
 */
function onTermination() {
    const controller = new AbortController();
    const stop = (reason) => {
        if (controller.signal.aborted)
            process.exit(1);
        controller.abort(reason);
        setTimeout(() => process.exit(1), 7_000).unref();
    };
    const handler = (sig) => stop(new Error(`cancelled by ${sig}`));
    const fatal = (error) => {
        const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
        if (controller.signal.aborted) {
            process.stderr.write(`kpi-collector: another uncaught error while stopping: ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(message)}\n`);
            process.exit(1);
        }
        uncaught = message;
        stop(new Error(`stopped by an uncaught error: ${message}`));
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    process.on('uncaughtException', fatal);
    process.on('unhandledRejection', fatal);
    return {
        signal: controller.signal,
        dispose: () => {
            process.off('SIGTERM', handler);
            process.off('SIGINT', handler);
            process.off('uncaughtException', fatal);
            process.off('unhandledRejection', fatal);
        },
    };
}


/***/ })

};
