// Process entry for `evse` (bin/evse.js loads this): wires process streams and signals to
// `run()`. The first Ctrl-C/SIGTERM/SIGHUP asks the running command to shut down cleanly (PTY removed,
// queue flushed, sockets closed); a second one exits at once with 130.
import { ExitCode } from './errors.js';
import { run } from './index.js';

const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals): void => {
  if (controller.signal.aborted) process.exit(ExitCode.interrupted);
  controller.abort(signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A closed terminal (SIGHUP) is a shutdown too, not a kill (audit 2026-12 finding 23).
process.on('SIGHUP', onSignal);

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
  signal: controller.signal,
});
process.exitCode = code;
// Everything should be closed by now and the process exits by itself; this unref'd timer is
// the safety net if a library still holds a handle.
setTimeout(() => process.exit(code), 2000).unref();
