import type { Meta, StoryObj } from "@storybook/react-vite";
import { LanguageSwitcher } from "~/components/ui/language-switcher";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/LanguageSwitcher", component: LanguageSwitcher } satisfies Meta<typeof LanguageSwitcher>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const InBothThemes: Story = {
  render: () => (
    <BothThemes>
      <LanguageSwitcher />
    </BothThemes>
  ),
};
