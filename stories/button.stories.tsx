import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "~/components/ui/button";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Button", component: Button, args: { children: "送信" } } satisfies Meta<typeof Button>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = {};
export const Secondary: Story = { args: { variant: "secondary" } };
export const Ghost: Story = { args: { variant: "ghost" } };
export const Disabled: Story = { args: { disabled: true } };
export const Sizes: Story = {
  render: (args) => (
    <div className="flex items-center gap-3">
      <Button {...args} size="sm" />
      <Button {...args} size="md" />
      <Button {...args} size="lg" />
    </div>
  ),
};
export const InBothThemes: Story = {
  render: (args) => (
    <BothThemes>
      <div className="flex gap-2">
        <Button {...args} />
        <Button {...args} variant="secondary" />
        <Button {...args} variant="ghost" />
      </div>
    </BothThemes>
  ),
};
