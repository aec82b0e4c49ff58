import type { Meta, StoryObj } from "@storybook/react-vite";
import { Badge } from "~/components/ui/badge";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Badge", component: Badge, args: { children: "new" } } satisfies Meta<typeof Badge>;
export default meta;
type Story = StoryObj<typeof meta>;

const tones = ["neutral", "primary", "accent", "success", "warning", "danger"] as const;

export const Tones: Story = {
  render: () => (
    <div className="flex gap-2">
      {tones.map((tone) => (
        <Badge key={tone} tone={tone}>
          {tone}
        </Badge>
      ))}
    </div>
  ),
};
export const InBothThemes: Story = {
  render: () => (
    <BothThemes>
      <div className="flex gap-2">
        {tones.map((tone) => (
          <Badge key={tone} tone={tone}>
            {tone}
          </Badge>
        ))}
      </div>
    </BothThemes>
  ),
};
