import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A stored phone number (E.164, "+81312345678") as people read it: in the national format when the
 * number belongs to the customer's own country ("03-1234-5678"), otherwise international
 * ("+81 3-1234-5678"). Anything that does not parse is shown as stored.
 */
export function formatPhone(phone: string, customerCountry?: string | null): string {
  const number = parsePhoneNumberFromString(phone, (customerCountry?.toUpperCase() || undefined) as CountryCode | undefined);
  if (!number) return phone;
  const sameCountry = customerCountry && number.country === customerCountry.toUpperCase();
  return sameCountry ? number.formatNational() : number.formatInternational();
}
