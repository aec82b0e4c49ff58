// The same page as our bare page (app/routes/bench.bare-page.tsx): a loader with no data, a title, one heading.
import type { MetaFunction } from "@remix-run/node";

export function loader() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Bare page" }];

export default function Index() {
  return (
    <main>
      <h1>Bare page</h1>
    </main>
  );
}
