// Drives the npm package `openevse` 1.0.1 (jeremypoulter/node-openevse, a RAPI client over
// serial) against the PTY given as argv[2], calling its API as an application would, and
// prints {"ready":true} (then waits 1.5 s for `state` events) and one JSON report.
const openevse = require('openevse');

const evse = openevse.connect(process.argv[2]);
const report = { stateEvents: [] };
evse.on('state', (s) => report.stateEvents.push(s));

/** One call of the library's callback/promise-like API, as {ok, value} or {error}. */
function call(method, ...args) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'no callback within 1.5 s' }), 1500);
    const request = evse[method](
      (...value) => {
        clearTimeout(timer);
        resolve({ ok: value });
      },
      ...args,
    );
    request.error((e) => {
      clearTimeout(timer);
      resolve({ error: e.type });
    });
  });
}

async function main() {
  report.version = await call('version');
  report.status = await call('status');
  report.capacity = await call('current_capacity', 16, true);
  report.range = await call('current_capacity_range');
  report.diodeCheckOff = await call('diode_check', false);
  report.energy = await call('energy');
  report.sleep = await call('status', 'sleep');
  report.statusAsleep = await call('status');
  process.stdout.write('{"ready":true}\n');
  await new Promise((r) => setTimeout(r, 1500));
  process.stdout.write(`${JSON.stringify(report)}\n`);
  evse._driver.serial.close(() => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
