import type { Meta, StoryObj } from "@storybook/react-vite";
import { Card, CardTitle } from "~/components/ui/card";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Card", component: Card } satisfies Meta<typeof Card>;
export default meta;
type Story = StoryObj<typeof meta>;

const content = (
  <>
    <CardTitle>ステム素材 / Stems</CardTitle>
    <p className="text-muted">パートごとに分かれた音源で、自由にミックス。</p>
  </>
);

export const Default: Story = { args: { children: content } };
export const InBothThemes: Story = {
  render: () => (
    <BothThemes>
      <Card>{content}</Card>
    </BothThemes>
  ),
};
