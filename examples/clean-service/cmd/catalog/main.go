// Command catalog serves the product catalog over HTTP on :8080.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "go.uber.org/automaxprocs" // GOMAXPROCS from the container CPU limit
	_ "time/tzdata"              // embedded zoneinfo; no tzdata needed in the image

	"github.com/example/catalog/internal/catalog"
	"github.com/example/catalog/internal/server"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	data := flag.String("catalog", "/etc/catalog/products.json", "catalog JSON file")
	flag.Parse()

	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := run(log, *addr, *data); err != nil {
		log.Error("catalog exited", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, addr, data string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	f, err := os.Open(data)
	if err != nil {
		return err
	}
	cat, err := catalog.Load(f)
	f.Close()
	if err != nil {
		return err
	}
	log.Info("catalog loaded", "products", cat.Len())

	api := server.New(cat)
	srv := &http.Server{
		Addr:              addr,
		Handler:           api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", addr)
		errc <- srv.ListenAndServe()
	}()

	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}

	// The preStop hook already held the pod for 5s while endpoints updated;
	// stop reporting ready and drain in-flight requests well inside the
	// 30s terminationGracePeriodSeconds.
	log.Info("shutting down")
	api.Drain()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
