// Who is signed in, with the way to the account page and out; or the way in.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { Button } from "./ui/button.tsx";

export function UserMenu({ accountHref }: { accountHref?: string }) {
  const { t } = useTranslation();
  const user = useRootData()?.user;
  if (!user) {
    return (
      <Link to="/login" className="rounded-brand px-3 py-2 text-sm font-semibold text-primary hover:bg-primary/10">
        {t("login.signIn")}
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      {accountHref ? (
        <Link to={accountHref} className="max-w-[12rem] truncate font-semibold hover:text-primary" title={user.email}>
          {user.name}
        </Link>
      ) : (
        <span className="max-w-[12rem] truncate font-semibold" title={user.email}>
          {user.name}
        </span>
      )}
      <Form method="post" action="/logout">
        <Button type="submit" variant="ghost" size="sm" className="whitespace-nowrap">
          {t("login.signOut")}
        </Button>
      </Form>
    </div>
  );
}
