/**
 * Text made safe for XML 1.0 content and attribute values: the five special characters escaped, characters
 * XML 1.0 forbids (C0 controls but tab, CR and LF; lone surrogates; U+FFFE, U+FFFF) dropped.
 */
export function xmlText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
