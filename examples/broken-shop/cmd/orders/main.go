// Command orders serves the shop's orders API.
//
// Usage:
//
//	orders          serve HTTP on LISTEN_ADDR (default :8080)
//	orders migrate  apply the database schema and exit
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/example/shop/orders/internal/config"
	"github.com/example/shop/orders/internal/health"
	"github.com/example/shop/orders/internal/httpapi"
	"github.com/example/shop/orders/internal/store"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := run(log, os.Args[1:]); err != nil {
		log.Error("orders exited", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.MaxDBConns)
	if err != nil {
		return err
	}
	defer db.Close()

	if len(args) > 0 && args[0] == "migrate" {
		log.Info("applying schema")
		return db.Migrate(ctx)
	}

	checks := health.New(db)
	mux := http.NewServeMux()
	checks.Register(mux)
	httpapi.New(db, log).Register(mux)
	mux.Handle("GET /metrics", promhttp.Handler())

	srv := &http.Server{
		Addr:              cfg.ListenAddr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", cfg.ListenAddr)
		errc <- srv.ListenAndServe()
	}()

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}

	// SIGTERM: fail readiness first so the Service stops routing to us,
	// then drain in-flight requests.
	log.Info("shutting down")
	checks.Drain()
	time.Sleep(5 * time.Second)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
