module closesample

go 1.19
