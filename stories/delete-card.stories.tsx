import type { Meta, StoryObj } from "@storybook/react-vite";
import { DeleteCard } from "~/components/admin/delete-card";

const meta = { title: "Admin/DeleteCard", component: DeleteCard, globals: { site: "admin" } } satisfies Meta<typeof DeleteCard>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AskInDialog: Story = {
  args: { title: "会社を削除", hint: "担当者とプロジェクトの紐付けも外れます。", confirm: "「株式会社きずな」を削除しますか?" },
};
export const NotPossible: Story = {
  args: { title: "商品を削除", hint: "注文がある商品は削除できません(販売終了にしてください)。", confirm: "削除しますか?", disabled: true },
};
export const AskInDisclosure: Story = {
  args: {
    title: "コンテンツの削除",
    open: "このコンテンツを削除する…",
    warning: "「はじめての歌舞伎」を削除します。元に戻せません。",
    buttonLabel: "削除する",
  },
};
