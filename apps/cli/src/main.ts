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
// A reader that closed the pipe (`evse --help | head -2`) ends our output, not the process
// with an EPIPE stack: a long-running command shuts down as on SIGTERM, as Unix tools stop
// writing (AUDIT-2026-12.md #31).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (!controller.signal.aborted) controller.abort('EPIPE');
  });
}

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
