// Package config reads the orders service configuration from the environment.
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// Config is the runtime configuration of the orders service.
type Config struct {
	ListenAddr      string
	DatabaseURL     string
	ShutdownTimeout time.Duration
	MaxDBConns      int32
}

// FromEnv builds a Config from environment variables, applying defaults.
func FromEnv() (Config, error) {
	cfg := Config{
		ListenAddr:      getenv("LISTEN_ADDR", ":8080"),
		DatabaseURL:     os.Getenv("DATABASE_URL"),
		ShutdownTimeout: 20 * time.Second,
		MaxDBConns:      10,
	}
	if cfg.DatabaseURL == "" {
		return Config{}, fmt.Errorf("DATABASE_URL is required")
	}
	if v := os.Getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return Config{}, fmt.Errorf("SHUTDOWN_TIMEOUT: %w", err)
		}
		cfg.ShutdownTimeout = d
	}
	if v := os.Getenv("DB_MAX_CONNS"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return Config{}, fmt.Errorf("DB_MAX_CONNS: %w", err)
		}
		cfg.MaxDBConns = int32(n)
	}
	return cfg, nil
}

func getenv(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}
