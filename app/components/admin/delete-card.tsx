// The card at the foot of an admin record's page that deletes it: posts intent=delete to the page's action,
// after the browser's confirm dialog, or after the user opens a disclosure that spells out what goes with it.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";

/** Asked in the browser's confirm dialog when the button is pressed; cancelling sends nothing. */
interface AskInDialog {
  confirm: string;
  /** The button's label; the card's title by default. */
  buttonLabel?: string;
}

/** A disclosure to open first (its summary `open`), then the warning and the button that deletes (`buttonLabel`). */
interface AskInDisclosure {
  open: string;
  warning: ReactNode;
  buttonLabel: string;
}

export type DeleteCardProps = {
  title: string;
  /** What deleting does or why it is not possible, shown above the button (dialog style). */
  hint?: ReactNode;
  /** Nothing can be deleted (the button is shown disabled). */
  disabled?: boolean;
} & (AskInDialog | AskInDisclosure);

export function DeleteCard(props: DeleteCardProps) {
  const { title, hint, disabled } = props;
  if ("open" in props) {
    return (
      <Card>
        <CardTitle>{title}</CardTitle>
        <details>
          <summary className="cursor-pointer font-semibold text-red-700">{props.open}</summary>
          <Form method="post" className="mt-3 flex flex-col items-start gap-3">
            <input type="hidden" name="intent" value="delete" />
            <p className="text-sm">{props.warning}</p>
            <Button type="submit" variant="secondary" className="border-red-600 text-red-700" disabled={disabled}>
              {props.buttonLabel}
            </Button>
          </Form>
        </details>
      </Card>
    );
  }
  const { confirm: question, buttonLabel = title } = props;
  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      {hint ? <p className="mb-3 text-sm text-muted">{hint}</p> : null}
      <Form method="post" onSubmit={(event) => !window.confirm(question) && event.preventDefault()}>
        <input type="hidden" name="intent" value="delete" />
        <Button type="submit" variant="secondary" disabled={disabled}>
          {buttonLabel}
        </Button>
      </Form>
    </Card>
  );
}
