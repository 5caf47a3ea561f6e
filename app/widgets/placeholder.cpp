// Widgets library: screens are added here.
