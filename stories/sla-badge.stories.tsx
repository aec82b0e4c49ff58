import type { Meta, StoryObj } from "@storybook/react-vite";
import { SlaBadge } from "~/modules/inquiries/sla-badge";

const now = new Date("2026-11-25T09:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

const meta = {
  title: "Admin/SlaBadge",
  component: SlaBadge,
  args: { sla: { dueAt: hours(20), breached: false }, answeredAt: null, status: "open", now },
} satisfies Meta<typeof SlaBadge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const TimeLeft: Story = {};
export const DueSoon: Story = { args: { sla: { dueAt: hours(2), breached: false } } };
export const Breached: Story = { args: { sla: { dueAt: hours(-30), breached: true } } };
export const AnsweredInTime: Story = { args: { answeredAt: hours(-1) } };
export const AnsweredLate: Story = { args: { answeredAt: hours(-1), sla: { dueAt: hours(-5), breached: true } } };
