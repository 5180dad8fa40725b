//! seclab-sim: seeded session simulators, sweeps of risk-controller configs,
//! statistics and calibration reports. Built on `seclab-engine`.
