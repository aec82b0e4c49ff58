import type { Meta, StoryObj } from "@storybook/react-vite";
import { FilterBar } from "~/components/admin/filter-bar";
import { FilterInput, FilterSelect, SiteFilter } from "~/components/list-filters";

const filters = (
  <>
    <FilterInput name="q" type="search" maxLength={100} label="検索" />
    <FilterSelect
      name="status"
      label="ステータス"
      anyLabel="すべて"
      options={[
        { value: "open", label: "未対応" },
        { value: "resolved", label: "解決済み" },
      ]}
    />
    <SiteFilter />
  </>
);

const meta = {
  title: "Admin/FilterBar",
  component: FilterBar,
  args: { resetTo: "/admin/inquiries", children: filters },
  globals: { site: "admin" },
} satisfies Meta<typeof FilterBar>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Row: Story = {};
export const Grid: Story = {
  args: { className: "grid gap-3 sm:grid-cols-2 lg:grid-cols-4", actionsClassName: "sm:col-span-2 lg:col-span-3" },
};
export const OwnLabels: Story = { args: { applyLabel: "表示", resetLabel: "クリア" } };
export const RefusedFilters: Story = { args: { errors: { status: "errors.invalid", from: ["errors.date"] } } };
