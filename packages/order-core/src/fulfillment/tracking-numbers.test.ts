import { checkTrackingNumber, KNOWN_CARRIERS, knownCarrierOf, normalizeTrackingNumber, type KnownCarrier } from './tracking-numbers';

// Valid numbers are published samples: the test_numbers of jkeen/tracking_number_data (couriers/*.json), the UPS
// developer-guide sample 1Z999AA10123456784, and FedEx's sandbox test numbers (449044304137821, 122816215025810,
// 568838414941, 61292701078443410536).
const VALID: ReadonlyArray<readonly [KnownCarrier, string]> = [
  ['UPS', '1Z999AA10123456784'],
  ['UPS', '1Z5R89390357567127'],
  ['UPS', '1Z879E930346834440'],
  ['UPS', '1Z410E7W0392751591'],
  ['UPS', '1Z8V92A70367203024'],
  ['USPS', '9400 1112 0108 0805 4830 16'],
  ['USPS', '9361 2898 7870 0317 6337 95'],
  ['USPS', '9505 5110 6960 5048 6006 24'],
  ['USPS', '9405803699300124287899'],
  ['USPS', '92748931507708513018050063'],
  ['USPS', '7196 9010 7560 0307 7385'],
  ['USPS', '0307 1790 0005 2348 3741'],
  ['USPS', '7112 3456 7891 2345 6787'],
  ['USPS', 'EA123456785US'],
  ['USPS', 'RB123456785US'],
  ['FedEx', '986578788855'],
  ['FedEx', '477179081230'],
  ['FedEx', '799531274483'],
  ['FedEx', '568838414941'],
  ['FedEx', '449044304137821'],
  ['FedEx', '122816215025810'],
  ['FedEx', '0414 4176 0228 964'],
  ['FedEx', '5682 8361 0012 734'],
  ['FedEx', '9611020987654312345672'],
  ['FedEx', '9261292700768711948021'],
  ['FedEx', '61299998820821171811'],
  ['FedEx', '61292701078443410536'],
  ['DHL Express', '3318810025'],
  ['DHL Express', '8487135506'],
  ['DHL Express', '1099255990'],
  ['DHL Express', '3821724944'],
  ['DHL Express', '73891051146'],
];

// Each is a valid number above with its check digit changed (to one no other format of the carrier would accept).
const WRONG_CHECK_DIGIT: ReadonlyArray<readonly [KnownCarrier, string]> = [
  ['UPS', '1Z999AA10123456785'],
  ['UPS', '1Z5R89390357567120'],
  ['USPS', '9400111201080805483017'],
  ['USPS', '92748931507708513018050064'],
  ['USPS', '71969010756003077386'],
  ['USPS', '03071790000523483742'],
  ['USPS', 'EA123456786US'],
  ['FedEx', '986578788856'],
  ['FedEx', '449044304137822'],
  ['FedEx', '9611020987654312345673'],
  ['FedEx', '9261292700768711948020'],
  ['FedEx', '61292701078443410537'],
  ['DHL Express', '3318810026'],
  ['DHL Express', '3318810034'],
  ['DHL Express', '73891051147'],
];

const WRONG_FORMAT: ReadonlyArray<readonly [KnownCarrier, string, string]> = [
  ['UPS', '1Z999AA1012345678', 'one character short'],
  ['UPS', '1Z999AA101234567845', 'one character too many'],
  ['UPS', '2Z999AA10123456784', 'no 1Z prefix'],
  ['UPS', '1Z999AA10123456O84', 'a letter among the last 8 digits'],
  ['UPS', '', 'empty'],
  ['USPS', '940011120108080548301', '21 digits'],
  ['USPS', '9400111201080805483O16', 'a letter among the digits'],
  ['USPS', '8400111201080805483016', '22 digits without a 91–95 prefix'],
  ['USPS', 'RB123456785GB', 'an S10 number of another country'],
  ['USPS', 'E1123456785US', 'a digit where the S10 service letters belong'],
  ['USPS', '', 'empty'],
  ['FedEx', '98657878885', '11 digits'],
  ['FedEx', '98657878B855', 'a letter among the digits'],
  ['FedEx', '1Z999AA10123456784', 'a UPS number'],
  ['FedEx', '', 'empty'],
  ['DHL Express', '331881002', '9 digits'],
  ['DHL Express', '331881002512', '12 digits'],
  ['DHL Express', '33188I0025', 'a letter among the digits'],
  ['DHL Express', '', 'empty'],
];

describe('knownCarrierOf', () => {
  it.each([
    ['ups', 'UPS'],
    [' UPS ', 'UPS'],
    ['usps', 'USPS'],
    ['U-S-P-S', 'USPS'],
    ['fedex', 'FedEx'],
    ['Fed Ex', 'FedEx'],
    ['FEDEX', 'FedEx'],
    ['fed-ex', 'FedEx'],
    ['dhl', 'DHL Express'],
    ['DHL Express', 'DHL Express'],
    ['dhl_express', 'DHL Express'],
    ['dhl-express', 'DHL Express'],
  ])('recognises %j as %s', (name, carrier) => {
    expect(knownCarrierOf(name)).toBe(carrier);
  });

  it.each(['', 'OnTrac', 'Royal Mail', 'dhl ecommerce', 'up s x', 'constructor', '__proto__'])('does not know %j', (name) => {
    expect(knownCarrierOf(name)).toBeNull();
  });

  it('recognises every carrier by its own name', () => {
    for (const carrier of KNOWN_CARRIERS) expect(knownCarrierOf(carrier)).toBe(carrier);
  });
});

describe('normalizeTrackingNumber', () => {
  it('removes spaces and dashes and upper-cases', () => {
    expect(normalizeTrackingNumber(' 1z 999-aa1 0123 4567 84 ')).toBe('1Z999AA10123456784');
    expect(normalizeTrackingNumber('9400-1112-0108-0805-4830-16')).toBe('9400111201080805483016');
    expect(normalizeTrackingNumber('ea123456785us')).toBe('EA123456785US');
    expect(normalizeTrackingNumber('')).toBe('');
  });
});

describe('checkTrackingNumber', () => {
  it.each(VALID)('accepts the %s number %j', (carrier, number) => {
    expect(checkTrackingNumber(carrier, number)).toBeNull();
  });

  it('applies the S10 rule that a check of 10 is 0 and a check of 11 is 5 (numbers built for the rule)', () => {
    expect(checkTrackingNumber('USPS', 'EA123456710US')).toBeNull(); // weighted sum % 11 = 1
    expect(checkTrackingNumber('USPS', 'EA123456745US')).toBeNull(); // weighted sum % 11 = 0
    expect(checkTrackingNumber('USPS', 'EA123456740US')).toContain('check digit does not match');
  });

  it('normalizes before checking', () => {
    expect(checkTrackingNumber('UPS', '1z999aa1-0123-4567-84')).toBeNull();
    expect(checkTrackingNumber('USPS', ' ea 123 456 785 us ')).toBeNull();
    expect(checkTrackingNumber('DHL Express', '33-1881-0025')).toBeNull();
  });

  it.each(WRONG_CHECK_DIGIT)('rejects the %s number %j for its check digit', (carrier, number) => {
    expect(checkTrackingNumber(carrier, number)).toBe(`is not a valid ${carrier} tracking number: check digit does not match`);
  });

  it.each(WRONG_FORMAT)('rejects the %s number %j for its format (%s)', (carrier, number) => {
    const reason = checkTrackingNumber(carrier, number);
    expect(reason).toContain(`is not a valid ${carrier} tracking number: wrong format`);
    expect(reason).not.toContain('check digit');
  });

  it('says what format it expected', () => {
    expect(checkTrackingNumber('UPS', '12345')).toBe(
      'is not a valid UPS tracking number: wrong format (expected 18 characters starting with 1Z, e.g. 1Z999AA10123456784)',
    );
    expect(checkTrackingNumber('DHL Express', 'ABC')).toBe('is not a valid DHL Express tracking number: wrong format (expected a 10- or 11-digit waybill number)');
  });

  it('checks a number against the given carrier only', () => {
    expect(checkTrackingNumber('DHL Express', '986578788855')).toContain('wrong format');
    expect(checkTrackingNumber('UPS', '3318810025')).toContain('wrong format');
    expect(checkTrackingNumber('USPS', '1Z999AA10123456784')).toContain('wrong format');
  });
});
