// A form field's messages as the page shows them: its message keys ("errors.tooLong:80", "key|{values}")
// translated into the page's language.
import { useTranslation } from "react-i18next";
import { translateError } from "./i18n.ts";

export function useFieldErrors(): (errors?: readonly string[]) => string[] | undefined {
  const { t } = useTranslation();
  return (errors) => errors?.map((message) => translateError(t, message));
}
