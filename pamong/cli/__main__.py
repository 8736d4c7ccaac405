from pamong.cli import main

main()
