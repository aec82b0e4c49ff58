export function parseEnvFile(text: string): Record<string, string>;
export function render(template: string, values: Record<string, string | undefined>): string;
