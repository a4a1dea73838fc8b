// Placeholder until the IngestClient module lands.
