import { type Infer, int, num, obj, oneOf, opt, req, validatePayload } from '@evse/ocppj';

// One payload shape, written once: the type is inferred, the validator interprets it.
const period = obj({
  startPeriod: req(int()),
  limit: req(num(0.1)),
  numberPhases: opt(int()),
});
const unit = oneOf(['A', 'W'] as const);
type Period = Infer<typeof period>;

const good = validatePayload<Period>(period, { startPeriod: 0, limit: 10.5 });
console.log(good.ok && good.value.limit, unit.values.join('|'));
const bad = validatePayload<Period>(period, { startPeriod: 0, limit: 10.55, extra: true });
console.log(bad.ok ? 'valid' : bad.issues.map((i) => i.message).join('; '));
