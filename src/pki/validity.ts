// The validity window of a new certificate: back-dated for clock skew, in whole seconds.
/** How far notBefore is set before `now`, so machines with slightly slow clocks accept a fresh certificate. */
export const clockSkewAllowanceSeconds = 5 * 60;

export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date;
}

export function validityWindow(now: Date, lifetimeSeconds: number): ValidityWindow {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError("now must be a valid Date");
  }
  if (!Number.isFinite(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new RangeError(`certificate lifetime must be a positive number of seconds, got ${lifetimeSeconds}`);
  }
  // X.509 times carry whole seconds and forge drops the rest silently; rounding here keeps
  // the dates we compute equal to the dates written in the certificate.
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    notBefore: new Date((nowSeconds - clockSkewAllowanceSeconds) * 1000),
    notAfter: new Date((nowSeconds + Math.floor(lifetimeSeconds)) * 1000),
  };
}
