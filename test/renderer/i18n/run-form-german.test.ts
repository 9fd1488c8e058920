import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@renderer/i18n/locale.svelte';
import { defaultForm, validateForm } from '@renderer/lib/run-form';

afterEach(() => setLocale());

describe('the form in German', () => {
  it('says what to fix in German, naming the field as its label does', () => {
    setLocale('de-DE');
    expect(validateForm({ ...defaultForm(), durationSec: 'zehn' }).error).toBe(
      'Sekunden pro Lauf muss eine ganze Zahl von 1 bis 86400 (ein Tag) sein, in Ziffern geschrieben. „zehn“ ist das nicht.',
    );
    expect(validateForm({ ...defaultForm(), port: '' }).error).toMatch(/^Port ist leer\./);
    expect(validateForm({ ...defaultForm(), maxErrors: '0' }).error).toMatch(
      /^Anhalten nach Fehlern muss eine ganze Zahl von 1 bis \d+ sein\. 0 liegt außerhalb dieses Bereichs\.$/,
    );
  });
});
