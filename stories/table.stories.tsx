import type { Meta, StoryObj } from "@storybook/react-vite";
import { Badge } from "~/components/ui/badge";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Table", component: Table, args: { caption: "Leads", children: null } } satisfies Meta<typeof Table>;
export default meta;
type Story = StoryObj<typeof meta>;

const rows = [
  { name: "佐藤 花子", company: "花屋株式会社", status: "新規", value: "¥500,000" },
  { name: "Alex Smith", company: "Northwind", status: "提案中", value: "¥1,200,000" },
];

function LeadTable() {
  return (
    <Table caption="Leads">
      <thead>
        <tr>
          <Th>Lead</Th>
          <Th>Status</Th>
          <Th className="text-right">Value</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Tr key={row.name}>
            <Td>
              <div className="font-semibold">{row.name}</div>
              <div className="text-xs text-muted">{row.company}</div>
            </Td>
            <Td>
              <Badge tone="primary">{row.status}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{row.value}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

export const Default: Story = { render: () => <LeadTable /> };
export const InBothThemes: Story = {
  render: () => (
    <BothThemes>
      <LeadTable />
    </BothThemes>
  ),
};
