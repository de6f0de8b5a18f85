import {
  ACTION_NAMES,
  type Confirmation,
  isAction,
  SUBPROTOCOL_16,
  sentBy,
  validateConfirmation16,
  validateRequest16,
} from '@evse/ocpp16';

// The table: 28 operations; who may send a CALL for each.
console.log(SUBPROTOCOL_16, ACTION_NAMES.length, sentBy('TriggerMessage', 'chargePoint'));

// A CALL from a central system: [2, uniqueId, action, payload].
const [, , action, payload] = JSON.parse(
  '[2,"42","SetChargingProfile",{"connectorId":1,"csChargingProfiles":{"chargingProfileId":3,' +
    '"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative",' +
    '"chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":10.5}]}}}]',
) as [2, string, string, unknown];
if (isAction(action) && sentBy(action, 'centralSystem')) {
  const checked = validateRequest16('SetChargingProfile', payload);
  // Typed from the table: csChargingProfiles is the smart-charging engine's ChargingProfile.
  if (checked.ok) console.log(checked.value.csChargingProfiles.chargingSchedule.chargingRateUnit);
}

// 1.5 habits are refused with the field named: `Occupied` is not a 1.6 status, info has 50.
const status = validateRequest16('StatusNotification', {
  connectorId: 1,
  status: 'Occupied',
  errorCode: 'NoError',
  info: 'x'.repeat(51),
});
if (!status.ok) for (const issue of status.issues) console.log(issue.message);

// Answers are checked the same way; BootNotification.conf says `interval` in 1.6.
const boot = validateConfirmation16('BootNotification', {
  status: 'Accepted',
  currentTime: '2026-03-01T10:00:00Z',
  heartbeatInterval: 300,
});
console.log(boot.ok ? 'valid' : boot.issues.map((i) => i.kind).join(', '));
const answer: Confirmation<'SetChargingProfile'> = { status: 'Accepted' };
console.log(validateConfirmation16('SetChargingProfile', answer).ok);
