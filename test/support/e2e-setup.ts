// End-to-end tests drive real servers: give each test room for a worker restart or a sticky-queue timeout.
jest.setTimeout(120_000);
