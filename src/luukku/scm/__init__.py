"""Administrative burden by the Standard Cost Model (seed 002): what a service costs its customers in
time and money, per service and channel, from the platform's own transaction counts."""
