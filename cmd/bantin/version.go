package main

// version names this build in User-Agents and warcinfo records.
const version = "0.1.0"
