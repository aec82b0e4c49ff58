export function markUpstream(text: string, port: number, down: boolean): string;
