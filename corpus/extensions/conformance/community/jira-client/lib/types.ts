export enum Priority {
  Highest = "Highest",
  High = "High",
  Medium = "Medium",
  Low = "Low",
}

export enum IssueType {
  Bug = "Bug",
  Story = "Story",
  Task = "Task",
  Epic = "Epic",
}

export interface JiraIssue {
  key: string;
  fields: {
    summary: string;
    status: { name: string };
    priority?: { name: Priority | string };
    issuetype?: { name: IssueType | string };
    assignee?: { displayName: string } | null;
    description?: unknown;
  };
}

export interface SearchResult {
  total: number;
  issues: JiraIssue[];
}

export interface Transition {
  id: string;
  to: { name: string };
}
