import type { Meta, StoryObj } from "@storybook/react-vite";
import { Timeline } from "~/components/admin/timeline";

const meta = {
  title: "Admin/Timeline",
  component: Timeline,
  globals: { site: "admin" },
  args: {
    entries: [
      {
        id: "3",
        kind: "note",
        at: "2026-11-25T09:30:00Z",
        by: "佐藤 花子",
        title: "メモを追加",
        body: "来週、見積もりを送る。\n予算は要確認。",
      },
      {
        id: "2",
        kind: "status_change",
        at: "2026-11-24T15:00:00Z",
        by: "システム",
        note: "API 経由",
        title: "ステータス: 新規 → 連絡済み",
      },
      { id: "1", kind: "created", at: "2026-11-24T14:55:00Z", by: "—", title: "作成" },
    ],
  },
} satisfies Meta<typeof Timeline>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = { args: { entries: [] } };
