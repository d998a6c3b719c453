module.exports = { ...require('./jest.preset.js'), rootDir: __dirname, testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] };
