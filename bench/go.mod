module github.com/bantin/bantin/bench

go 1.26.8

replace github.com/bantin/bantin => ../
