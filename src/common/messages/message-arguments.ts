import {
  type MessageFormatElement,
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
} from '@formatjs/icu-messageformat-parser';

/** The names of the arguments an ICU message uses (`{name}`, `{count, plural, …}`), nested ones included. */
export function argumentNames(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (
      isArgumentElement(element) ||
      isNumberElement(element) ||
      isDateElement(element) ||
      isTimeElement(element) ||
      isSelectElement(element) ||
      isPluralElement(element)
    ) {
      names.add(element.value);
    }
    if (isSelectElement(element) || isPluralElement(element)) {
      for (const option of Object.values(element.options)) {
        argumentNames(option.value, names);
      }
    }
    if (isTagElement(element)) {
      argumentNames(element.children, names);
    }
  }
  return names;
}
