// Every story renders in a brand's theme (toolbar: yuya / aoba / admin) and language (ja / en), inside a
// memory router so components that link or submit forms work as in the app.
import type { Decorator, Preview } from "@storybook/react-vite";
import i18next from "i18next";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { i18nConfig } from "~/lib/i18n";
import { themeFor, themeStyle } from "~/modules/brand/brands";
import "~/tailwind.css";

void i18next.use(initReactI18next).init({ ...i18nConfig, lng: "ja" });

const withSite: Decorator = (Story, context) => {
  const site = (context.globals.site as "yuya" | "aoba" | "admin" | undefined) ?? "yuya";
  const lng = (context.globals.lng as "ja" | "en" | undefined) ?? "ja";
  if (i18next.language !== lng) void i18next.changeLanguage(lng);
  const router = createMemoryRouter([{ path: "*", element: <Story />, action: () => null }]);
  return (
    <I18nextProvider i18n={i18next}>
      <div lang={lng} style={themeStyle(themeFor(site))} className="bg-background p-6 font-sans text-text">
        <RouterProvider router={router} />
      </div>
    </I18nextProvider>
  );
};

const preview: Preview = {
  decorators: [withSite],
  globalTypes: {
    site: {
      description: "Site theme",
      toolbar: { title: "Site", items: ["yuya", "aoba", "admin"], dynamicTitle: true },
    },
    lng: {
      description: "Language",
      toolbar: { title: "Language", items: ["ja", "en"], dynamicTitle: true },
    },
  },
  initialGlobals: { site: "yuya", lng: "ja" },
};

export default preview;
