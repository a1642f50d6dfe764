import { useQuery } from '@tanstack/react-query';
import type { Wave } from '@uwe/schema';
import { useState } from 'react';
import { adminQueries } from '../api/admin.ts';
import { queryError } from '../staff/query.ts';

/**
 * The wave an admin page shows (the first one until another is picked), shared by the fieldwork and
 * free-text pages.
 */
export function useWaveChoice() {
  const waves = useQuery(adminQueries.waves());
  const [waveId, setWaveId] = useState('');
  const wave = waves.data?.find((w) => w.id === waveId) ?? waves.data?.[0];
  return { waves: waves.data, error: queryError(waves.error), wave, setWaveId };
}

/** "Befragungsrunde" as a choice of all waves. */
export function WavePicker({
  waves,
  wave,
  onChange,
}: {
  waves: Wave[] | undefined;
  wave: Wave;
  onChange: (waveId: string) => void;
}) {
  return (
    <label>
      Befragungsrunde{' '}
      <select value={wave.id} onChange={(e) => onChange(e.target.value)}>
        {waves?.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
