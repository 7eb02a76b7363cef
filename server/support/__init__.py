"""Support points (fixed desks where officers help people with VNeID and online filing), QR
boards with their counted public links, and the channel figures of both beside field work."""
