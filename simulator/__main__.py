from simulator.cli.launch import main

raise SystemExit(main())
