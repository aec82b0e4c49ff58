import type { Meta, StoryObj } from "@storybook/react-vite";
import { Alert } from "~/components/ui/alert";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Alert", component: Alert, args: { children: "送信しました。担当者からご連絡します。" } } satisfies Meta<
  typeof Alert
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Info: Story = {};
export const Success: Story = { args: { tone: "success" } };
export const Error: Story = { args: { tone: "error", children: "有効なメールアドレスを入力してください" } };
export const InBothThemes: Story = {
  render: (args) => (
    <BothThemes>
      <Alert {...args} />
    </BothThemes>
  ),
};
