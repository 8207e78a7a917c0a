// A plain Node ESM script (no tsx, no TypeScript): trains the lesson with the installed @gradstream/trainer
// and prints each epoch's loss as JSON, full precision, one line.
import { trainLinearRegression } from '@gradstream/trainer';

const losses = [];
trainLinearRegression().subscribe({
  next: (e) => {
    if (e.type === 'epoch') losses.push(e.loss);
  },
  error: (err) => {
    console.error(err);
    process.exitCode = 1;
  },
  complete: () => console.log(JSON.stringify(losses)),
});
