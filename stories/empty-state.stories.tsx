import type { Meta, StoryObj } from "@storybook/react-vite";
import { EmptyState } from "~/components/ui/empty-state";
import { BothThemes } from "./themes.tsx";

const meta = {
  title: "UI/EmptyState",
  component: EmptyState,
  args: { title: "リードはまだありません", children: "フォームからの問い合わせがここに並びます。", icon: "🎯" },
} satisfies Meta<typeof EmptyState>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const InBothThemes: Story = {
  render: (args) => (
    <BothThemes>
      <EmptyState {...args} />
    </BothThemes>
  ),
};
