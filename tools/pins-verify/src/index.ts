export { type ChartResolver, type ChartRef, helmChartArgs, helmResolver, referenceResolver, type Resolution } from './resolve.ts';
export { type LoadedChart, loadChart } from './chart.ts';
export { formatResult, HELP, type Io, main, type MainOptions, processIo } from './cli.ts';
export { type ChartPinInput, type ChartUseInput, type GitPinInput, type ImagePinInput, InputError, parsePins, type PinsInput } from './input.ts';
export { ClientMissingError, type Command, type CommandResult, processRunner, type Recording, type ReplayRunner, replayRunner, type Runner } from './runner.ts';
export { checkValues, coalesce, compileValuesSchema, type ValuesIssue } from './values.ts';
export { CHECKS, type CheckKind, fullVersion, readReleaseValues, type Result, type UseValues, type VerifyOptions, verifyPins } from './verify.ts';
