"""The conversation as a pure state machine: state, steps, replies."""
