/**
 * The one currency table of Comanda: ISO 4217 active codes and their minor digits (exponent), as
 * ISO 4217 and Stripe count them. The server prices and stores money with it and the PWA formats and
 * parses with it (it imports this file), so both sides always agree. Do not ask Intl for decimals:
 * ICU drops them for HUF, IQD, LBP, MMK, YER, IRR and others (their cash has no coins), and a tenant
 * would see amounts 100× or 1000× off.
 */
// Most have 2 minor digits; the exceptions are listed with theirs.
const twoDecimals =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD ' +
  'CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD ' +
  'HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK ' +
  'MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD ' +
  'RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS ' +
  'UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG';
const exceptions: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

const exponents = new Map<string, number>([
  ...twoDecimals.split(' ').map((c) => [c, 2] as const),
  ...Object.entries(exceptions),
]);

/** Every currency code a tenant may choose, sorted. */
export const CURRENCIES: readonly string[] = [...exponents.keys()].sort();

export const isCurrency = (code: string) => exponents.has(code);
/** Minor digits of a currency (EUR 2, JPY 0, KWD 3). */
export const currencyExponent = (code: string) => exponents.get(code) ?? 2;
