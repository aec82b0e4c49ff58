import type { Meta, StoryObj } from "@storybook/react-vite";
import { CheckboxField, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { BothThemes } from "./themes.tsx";

const meta = { title: "UI/Fields", component: TextField, args: { label: "メールアドレス", name: "email", type: "email" } } satisfies Meta<
  typeof TextField
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Text: Story = {};
export const WithHint: Story = { args: { hint: "ご返信はこのアドレスに送ります。" } };
export const WithError: Story = { args: { defaultValue: "not-an-email", errors: ["有効なメールアドレスを入力してください"] } };
export const Textarea: Story = { render: () => <TextareaField label="お問い合わせ内容" name="message" /> };
export const Checkbox: Story = {
  render: () => <CheckboxField label="個人情報の取り扱いに同意します" name="consent" errors={["同意が必要です"]} />,
};
export const Select: Story = {
  render: () => (
    <SelectField
      label="ご用件"
      name="leadType"
      options={[
        { value: "music_licensing", label: "楽曲ライセンス" },
        { value: "other", label: "その他" },
      ]}
    />
  ),
};
export const FormInBothThemes: Story = {
  render: () => (
    <BothThemes>
      <TextField label="お名前" name="name" />
      <TextField label="メールアドレス" name="email" errors={["有効なメールアドレスを入力してください"]} />
      <CheckboxField label="個人情報の取り扱いに同意します" name="consent" />
    </BothThemes>
  ),
};
