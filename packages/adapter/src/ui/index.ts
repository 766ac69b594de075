import type { SandboxStatus } from '../shared/state-mapping.js';

/** Presentation of a status in a user interface: a label, and a tone for its colour or icon. */
export interface StatusPresentation {
  label: string;
  tone: 'progress' | 'success' | 'neutral' | 'danger';
  /** One sentence on what the status means for the agent using the sandbox. */
  description: string;
}

/** The presentation of each status, so every screen shows them alike. */
export const STATUS_PRESENTATION: Readonly<Record<SandboxStatus, StatusPresentation>> = {
  starting: {
    label: 'Starting',
    tone: 'progress',
    description:
      'The sandbox is being provisioned or is busy with a change, and cannot take work yet.',
  },
  ready: {
    label: 'Ready',
    tone: 'success',
    description: 'The sandbox is running and can take work.',
  },
  stopped: {
    label: 'Stopped',
    tone: 'neutral',
    description: 'The sandbox is not running: stopped, paused, archived or torn down.',
  },
  error: {
    label: 'Error',
    tone: 'danger',
    description: 'The sandbox failed, or reported a state this version cannot read.',
  },
};

/** Returns how to present `status` in a user interface. */
export function presentStatus(status: SandboxStatus): StatusPresentation {
  return STATUS_PRESENTATION[status];
}

export type { SandboxStatus } from '../shared/state-mapping.js';
