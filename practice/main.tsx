import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { calendarDay } from '../src/lib/fhir/format';
import { PracticePage } from './PracticePage';
import { refresherDays } from './refresher';
import './practice.css';

const container = document.getElementById('root');
if (!container) throw new Error('training.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <PracticePage asOf={calendarDay(new Date())} intervalDays={refresherDays(window.location.search)} storage={window.localStorage} pageUrl={window.location.href} />
  </StrictMode>,
);
